# One SQS queue, always encrypted (SSE-SQS, so producers and consumers need no KMS permission),
# optionally redriving to a dead-letter queue after max_receive_count receives.

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  sqs_managed_sse_enabled    = true

  redrive_policy = var.dead_letter_queue_arn == null ? null : jsonencode({
    deadLetterTargetArn = var.dead_letter_queue_arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.dead_letter_queue_arn == null || coalesce(var.max_receive_count, 0) >= 1
      error_message = "Queue ${var.name}: a dead-letter queue needs max_receive_count >= 1 (maxReceiveCount in wiring.json)."
    }
  }
}
