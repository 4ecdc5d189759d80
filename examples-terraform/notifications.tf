# Push notifications and SMS: fast, I/O-bound, bursty.
resource "google_pubsub_topic" "notify" {
  project = var.project
  name    = "notify"
}

resource "google_pubsub_subscription" "notify" {
  project                    = var.project
  name                       = "notify-sub"
  topic                      = google_pubsub_topic.notify.id
  ack_deadline_seconds       = 30
  message_retention_duration = "86400s"

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.notify.id
    max_delivery_attempts = 5
  }
}

resource "google_cloud_run_v2_worker_pool" "notify" {
  project  = var.project
  name     = "notify-worker"
  location = var.region

  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = 2
  }

  template {
    containers {
      name  = "notifier"
      image = "${local.registry}/notifier:0.9.1"
      env {
        name  = "SUBSCRIPTION_ID"
        value = "notify-sub"
      }
      env {
        name  = "MAX_OUTSTANDING_MESSAGES"
        value = "100"
      }
      env {
        name = "SMS_AUTH_TOKEN"
        value_source {
          secret_key_ref {
            secret  = "sms-token"
            version = "latest"
          }
        }
      }
      resources {
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
      }
    }
  }
}

# CREMA config for notifications, as YAML in a heredoc.
resource "google_parameter_manager_parameter_version" "notify_crema" {
  parameter            = "projects/${var.project}/locations/global/parameters/notify-crema"
  parameter_version_id = "1"
  parameter_data       = <<-EOT
    apiVersion: crema/v1
    kind: CremaConfig
    metadata:
      name: notify-scaler
    spec:
      pollingInterval: 30
      scaledObjects:
        - spec:
            scaleTargetRef:
              name: projects/${var.project}/locations/${var.region}/workerpools/${google_cloud_run_v2_worker_pool.notify.name}
            minReplicaCount: 1
            triggers:
              - type: gcp-pubsub
                metadata:
                  subscriptionName: notify-sub
                  value: "200"
  EOT
}
