# The real event source mapping building block, except that batch_size is written here instead of
# read from var.batch_size: the wiring's batchSize would never reach AWS, and the local runtime would drift.

# One event source mapping: a DynamoDB stream, a Kinesis stream or an SQS queue feeding a function.
#
# Every mapping reports batch item failures, so one bad record never makes a whole batch retry.
# Stream mappings must also bound their retries and name an on-failure destination, so a poison
# record ends in a queue with its metadata instead of blocking its shard for 24 hours.

locals {
  is_stream = var.source_type != "sqs"
}

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn                   = var.event_source_arn
  function_name                      = var.function_name
  batch_size                         = 100
  maximum_batching_window_in_seconds = var.maximum_batching_window_in_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  # Stream-only settings; SQS rejects them.
  starting_position              = local.is_stream ? var.starting_position : null
  maximum_retry_attempts         = local.is_stream ? var.maximum_retry_attempts : null
  bisect_batch_on_function_error = local.is_stream ? var.bisect_batch_on_function_error : null
  maximum_record_age_in_seconds  = local.is_stream ? var.maximum_record_age_in_seconds : null

  dynamic "destination_config" {
    for_each = local.is_stream ? [var.on_failure_destination_arn] : []
    content {
      on_failure {
        destination_arn = destination_config.value
      }
    }
  }

  dynamic "filter_criteria" {
    for_each = length(var.filter_patterns) == 0 ? [] : [var.filter_patterns]
    content {
      dynamic "filter" {
        for_each = filter_criteria.value
        content {
          pattern = filter.value
        }
      }
    }
  }

  lifecycle {
    precondition {
      condition     = !local.is_stream || var.on_failure_destination_arn != null
      error_message = "Mapping to ${var.function_name}: a stream mapping needs an on-failure destination (onFailureQueue in wiring.json)."
    }

    precondition {
      condition     = !local.is_stream || (var.maximum_retry_attempts != null && coalesce(var.maximum_retry_attempts, -1) >= 0 && coalesce(var.maximum_retry_attempts, -1) <= 10000)
      error_message = "Mapping to ${var.function_name}: a stream mapping needs bounded retries, maximumRetryAttempts between 0 and 10000 (-1 retries until the record expires)."
    }

    precondition {
      condition     = !local.is_stream || var.starting_position != null
      error_message = "Mapping to ${var.function_name}: a stream mapping needs a starting position (TRIM_HORIZON or LATEST)."
    }

    precondition {
      condition     = local.is_stream || coalesce(var.queue_visibility_timeout_seconds, 0) >= 6 * var.function_timeout_seconds
      error_message = "Mapping to ${var.function_name}: the queue's visibility timeout (${coalesce(var.queue_visibility_timeout_seconds, 0)} s) must be at least 6 times the function timeout (${var.function_timeout_seconds} s), or messages are received again while still being processed."
    }
  }
}
