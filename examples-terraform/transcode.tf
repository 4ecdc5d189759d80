# Media transcoding on an NVIDIA L4: one video at a time per GPU.
resource "google_pubsub_topic" "transcode" {
  name = "transcode-jobs"
}

resource "google_pubsub_topic" "transcode_dlq" {
  name = "transcode-jobs-dlq"
}

resource "google_pubsub_subscription" "transcode" {
  name                       = "transcode-sub"
  topic                      = google_pubsub_topic.transcode.name
  ack_deadline_seconds       = 60 # a transcode takes ~95 s
  message_retention_duration = "604800s"

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.transcode_dlq.id
    max_delivery_attempts = 5
  }
}

resource "google_cloud_run_v2_worker_pool" "transcode" {
  project      = var.project
  name         = "transcode-worker"
  location     = "europe-west4"
  launch_stage = "BETA"

  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = 6 # sized for the evening peak
  }

  template {
    gpu_zonal_redundancy_disabled = true
    containers {
      name  = "transcoder"
      image = "europe-west4-docker.pkg.dev/${var.project}/media/transcoder:3.2.0"
      env {
        name  = "SUBSCRIPTION_ID"
        value = google_pubsub_subscription.transcode.name
      }
      env {
        name  = "MAX_OUTSTANDING_MESSAGES"
        value = "1"
      }
      resources {
        limits = {
          cpu              = "4"
          memory           = "8Gi" # L4 needs at least 16Gi
          "nvidia.com/gpu" = "1"
        }
      }
    }
    node_selector {
      accelerator = "nvidia-l4"
    }
  }
}
