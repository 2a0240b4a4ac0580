variable "name" {
  description = "Table name, already prefixed for the environment."
  type        = string
}

variable "hash_key" {
  description = "Partition key: attribute name and scalar type (S, N or B)."
  type = object({
    name = string
    type = string
  })

  validation {
    condition     = contains(["S", "N", "B"], var.hash_key.type)
    error_message = "hash_key.type must be S, N or B."
  }
}

variable "range_key" {
  description = "Sort key (attribute name and scalar type), or null for a table with a partition key only."
  type = object({
    name = string
    type = string
  })
  default = null

  validation {
    condition     = var.range_key == null ? true : contains(["S", "N", "B"], var.range_key.type)
    error_message = "range_key.type must be S, N or B."
  }
}

variable "stream_view_type" {
  description = "DynamoDB Streams view type (KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES), or null for no stream."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null ? true : contains(["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"], var.stream_view_type)
    error_message = "stream_view_type must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES."
  }
}

variable "billing_mode" {
  description = "PAY_PER_REQUEST (on-demand) or PROVISIONED."
  type        = string

  validation {
    condition     = contains(["PAY_PER_REQUEST", "PROVISIONED"], var.billing_mode)
    error_message = "billing_mode must be PAY_PER_REQUEST or PROVISIONED."
  }
}

variable "read_capacity" {
  description = "Read capacity units; used only with billing mode PROVISIONED."
  type        = number
  default     = null
}

variable "write_capacity" {
  description = "Write capacity units; used only with billing mode PROVISIONED."
  type        = number
  default     = null
}

variable "ttl_attribute" {
  description = "Name of the epoch-seconds attribute DynamoDB expires items by, or null for no TTL."
  type        = string
  default     = null
}

variable "deletion_protection" {
  description = "Refuse DeleteTable while true. Off by default so that `terraform destroy` cleans up a test environment."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the table."
  type        = map(string)
  default     = {}
}
