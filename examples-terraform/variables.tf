# Shared settings of the acme-shop production project.
variable "project" {
  type    = string
  default = "acme-shop-prod"
}

variable "region" {
  type    = string
  default = "us-central1"
}

locals {
  registry = "${var.region}-docker.pkg.dev/${var.project}/apps"
}
