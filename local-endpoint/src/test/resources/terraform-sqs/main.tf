# Queues as the project's terraform/modules/queue declares them (SSE-SQS, retention, redrive to a DLQ, tags), plus a
# redrive allow policy and a KMS-encrypted queue, applied through the edge's SQS front to ElasticMQ.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {
    sqs = "@EDGE_ENDPOINT@"
    sts = "@EDGE_ENDPOINT@"
  }
}
variable "visibility_timeout_seconds" {
  type    = number
  default = 60
}
variable "message_retention_seconds" {
  type    = number
  default = 345600
}
resource "aws_sqs_queue" "dlq" {
  name                      = "tf-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  redrive_allow_policy      = jsonencode({ redrivePermission = "allowAll" })
  tags                      = { scenario = "1", role = "dlq" }
}
resource "aws_sqs_queue" "this" {
  name                       = "tf-queue"
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3
  })
  tags = { scenario = "1" }
}
resource "aws_sqs_queue" "kms" {
  name                              = "tf-kms"
  kms_master_key_id                 = "alias/aws/sqs"
  kms_data_key_reuse_period_seconds = 600
  delay_seconds                     = 5
  receive_wait_time_seconds         = 10
}
output "queue_arn" { value = aws_sqs_queue.this.arn }
output "queue_url" { value = aws_sqs_queue.this.url }
