variable "function_name" {
  description = "Name or ARN of the function the mapping invokes."
  type        = string
}

variable "source_type" {
  description = "Kind of event source: dynamodb, kinesis or sqs."
  type        = string

  validation {
    condition     = contains(["dynamodb", "kinesis", "sqs"], var.source_type)
    error_message = "source_type must be dynamodb, kinesis or sqs."
  }
}

variable "event_source_arn" {
  description = "ARN of the DynamoDB stream, Kinesis stream or SQS queue."
  type        = string
}

variable "batch_size" {
  description = "Most records per invocation (streams: 1 to 10000; SQS: 1 to 10, more with a batching window)."
  type        = number

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000
    error_message = "batch_size must be between 1 and 10000."
  }
}

variable "maximum_batching_window_in_seconds" {
  description = "How long to gather records before invoking, in seconds (0 to 300)."
  type        = number

  validation {
    condition     = var.maximum_batching_window_in_seconds >= 0 && var.maximum_batching_window_in_seconds <= 300
    error_message = "maximum_batching_window_in_seconds must be between 0 and 300."
  }
}

variable "starting_position" {
  description = "Streams only: TRIM_HORIZON or LATEST."
  type        = string
  default     = null

  validation {
    condition     = var.starting_position == null ? true : contains(["TRIM_HORIZON", "LATEST"], var.starting_position)
    error_message = "starting_position must be TRIM_HORIZON or LATEST."
  }
}

variable "maximum_retry_attempts" {
  description = "Streams only: retries of a failed batch before it goes to the on-failure destination (0 to 10000)."
  type        = number
  default     = null
}

variable "bisect_batch_on_function_error" {
  description = "Streams only: split a failed batch in two and retry the halves."
  type        = bool
  default     = null
}

variable "maximum_record_age_in_seconds" {
  description = "Streams only: discard records older than this (60 to 604800), or -1 for no limit."
  type        = number
  default     = null

  validation {
    condition     = var.maximum_record_age_in_seconds == null ? true : (var.maximum_record_age_in_seconds == -1 || (var.maximum_record_age_in_seconds >= 60 && var.maximum_record_age_in_seconds <= 604800))
    error_message = "maximum_record_age_in_seconds must be -1 or between 60 and 604800."
  }
}

variable "on_failure_destination_arn" {
  description = "Streams only: SQS queue that receives the metadata of batches given up on."
  type        = string
  default     = null
}

variable "filter_patterns" {
  description = "Event filter patterns (JSON strings); records matching none are skipped, not delivered."
  type        = list(string)
  default     = []
}

variable "function_timeout_seconds" {
  description = "Timeout of the function, for the SQS visibility timeout check."
  type        = number
}

variable "queue_visibility_timeout_seconds" {
  description = "SQS only: visibility timeout of the source queue, which must be at least 6 times function_timeout_seconds."
  type        = number
  default     = null
}
