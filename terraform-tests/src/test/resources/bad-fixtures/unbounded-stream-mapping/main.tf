variable "on_failure_destination_arn" {
  description = "Optional on-failure destination."
  type        = string
  default     = null
}

resource "aws_lambda_event_source_mapping" "unbounded" {
  event_source_arn       = "arn:aws:dynamodb:us-east-1:123456789012:table/notes/stream/2026-01-01T00:00:00.000"
  function_name          = "word-count"
  starting_position      = "LATEST"
  batch_size             = 100
  maximum_retry_attempts = -1
}

resource "aws_lambda_event_source_mapping" "optional_destination" {
  event_source_arn        = "arn:aws:dynamodb:us-east-1:123456789012:table/notes/stream/2026-01-01T00:00:00.000"
  function_name           = "word-count"
  starting_position       = "TRIM_HORIZON"
  batch_size              = 100
  maximum_retry_attempts  = 3
  function_response_types = ["ReportBatchItemFailures"]

  dynamic "destination_config" {
    for_each = var.on_failure_destination_arn == null ? [] : [var.on_failure_destination_arn]
    content {
      on_failure {
        destination_arn = destination_config.value
      }
    }
  }
}
