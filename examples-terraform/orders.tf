# Order processing: pulls order events, charges the card, writes to the orders DB.
resource "google_pubsub_topic" "orders" {
  project = var.project
  name    = "orders"
}

resource "google_pubsub_subscription" "orders" {
  project = var.project
  name    = "orders-sub"
  topic   = google_pubsub_topic.orders.id

  ack_deadline_seconds         = 10
  enable_exactly_once_delivery = true
  message_retention_duration   = "604800s"

  expiration_policy {
    ttl = "2678400s"
  }
}

resource "google_cloud_run_v2_worker_pool" "orders" {
  project      = var.project
  name         = "orders-worker"
  location     = var.region
  launch_stage = "BETA"

  scaling {
    scaling_mode       = "AUTOMATIC" # left over from the first deploy
    min_instance_count = 0
  }

  template {
    service_account = "orders-worker@${var.project}.iam.gserviceaccount.com"
    containers {
      name  = "worker"
      image = "${local.registry}/orders-worker:1.14.2"
      env {
        name  = "SUBSCRIPTION_ID"
        value = google_pubsub_subscription.orders.name
      }
      env {
        name  = "MAX_OUTSTANDING_MESSAGES"
        value = "20"
      }
      env {
        name  = "PAYMENTS_API_KEY"
        value = "sk_live_51Hc0ffee" # TODO move to Secret Manager
      }
      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
      }
    }
  }
}

# CREMA config for the orders pool (stored in Parameter Manager).
resource "google_parameter_manager_parameter" "orders_crema" {
  project      = var.project
  parameter_id = "orders-crema"
  format       = "YAML"
}

resource "google_parameter_manager_parameter_version" "orders_crema" {
  parameter            = google_parameter_manager_parameter.orders_crema.id
  parameter_version_id = "1"
  parameter_data = yamlencode({
    apiVersion = "crema/v1"
    kind       = "CremaConfig"
    metadata   = { name = "orders-autoscaler" }
    spec = {
      pollingInterval = 30
      triggerAuthentications = [{
        metadata = { name = "adc" }
        spec     = { podIdentity = { provider = "gcp" } }
      }]
      scaledObjects = [{
        spec = {
          scaleTargetRef = {
            name = "projects/${var.project}/locations/${var.region}/workerpools/${google_cloud_run_v2_worker_pool.orders.name}"
          }
          minReplicaCount = 0
          pollingInterval = 15 # per-object: CREMA rejects this
          triggers = [{
            type = "gcp-pubsub"
            name = "orders-backlog"
            metadata = {
              subscriptionName = google_pubsub_subscription.orders.id
              mode             = "SubscriptionSize"
              value            = "50"
              activationValue  = "5"
            }
            authenticationRef = { name = "adc" }
          }]
          advanced = {
            horizontalPodAutoscalerConfig = {
              behavior = {
                scaleDown = {
                  stabilizationWindowSeconds = 60
                  policies = [{
                    type          = "Percent"
                    value         = 50
                    periodSeconds = 60
                  }]
                }
              }
            }
          }
        }
      }]
    }
  })
}
