variable "group" {
  description = "The group of wiring.json this instance provisions: every table, Kinesis stream, queue and function whose \"group\" is this, and the mappings of those functions."
  type        = string
}

variable "wiring" {
  description = "wiring.json, decoded: the one declaration of tables, streams, queues, functions, mappings and routes shared with the local runtime."
  type        = any
}

variable "name_prefix" {
  description = "Prefix of every resource name, per environment (for example \"dev-\")."
  type        = string
}

variable "artifacts_dir" {
  description = "Directory holding the function modules, each with its jar at <module>/target/<module>.jar."
  type        = string
}

variable "runtime" {
  description = "Lambda runtime of the functions."
  type        = string
  default     = "java21"
}

variable "log_retention_days" {
  description = "Retention of the functions' log groups, in days."
  type        = number
}

variable "shared_tables" {
  description = "Tables created outside this group that its functions use, by wiring name (for example the aggregation ledger)."
  type = map(object({
    name       = string
    arn        = string
    stream_arn = string
  }))
  default = {}
}

variable "deletion_protection" {
  description = "Turn on deletion protection of the group's tables."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource of the group."
  type        = map(string)
  default     = {}
}
