variable "name" {
  description = "Queue name, already prefixed for the environment."
  type        = string
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout in seconds (0 to 43200), or null for the SQS default of 30. A queue feeding a function needs at least 6 times the function's timeout."
  type        = number
  default     = null

  validation {
    condition     = var.visibility_timeout_seconds == null ? true : (var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200)
    error_message = "visibility_timeout_seconds must be between 0 and 43200."
  }
}

variable "message_retention_seconds" {
  description = "How long messages are kept, in seconds (60 to 1209600), or null for the SQS default of 4 days. Dead-letter queues keep the maximum, 14 days."
  type        = number
  default     = null

  validation {
    condition     = var.message_retention_seconds == null ? true : (var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600)
    error_message = "message_retention_seconds must be between 60 and 1209600."
  }
}

variable "dead_letter_queue_arn" {
  description = "ARN of the queue messages move to after max_receive_count failed receives, or null for none."
  type        = string
  default     = null
}

variable "max_receive_count" {
  description = "Receives before a message moves to the dead-letter queue; required with dead_letter_queue_arn."
  type        = number
  default     = null
}

variable "tags" {
  description = "Tags for the queue."
  type        = map(string)
  default     = {}
}
