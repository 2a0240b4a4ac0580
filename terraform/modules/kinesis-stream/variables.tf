variable "name" {
  description = "Stream name, already prefixed for the environment."
  type        = string
}

variable "shard_count" {
  description = "Number of shards (each ingests up to 1 MB/s or 1,000 records/s)."
  type        = number

  validation {
    condition     = var.shard_count >= 1
    error_message = "shard_count must be at least 1."
  }
}

variable "retention_hours" {
  description = "How long records stay readable, in hours (24 to 8760)."
  type        = number

  validation {
    condition     = var.retention_hours >= 24 && var.retention_hours <= 8760
    error_message = "retention_hours must be between 24 and 8760."
  }
}

variable "tags" {
  description = "Tags for the stream."
  type        = map(string)
  default     = {}
}
