output "http_api_endpoint" {
  description = "Base URL of the HTTP API (POST /notes, POST /users, ...), or null when create_http_api is false."
  value       = var.create_http_api ? one(module.http_api[*].api_endpoint) : null
}

output "table_names" {
  description = "Deployed table names, by wiring name."
  value       = local.table_names
}

output "table_stream_arns" {
  description = "Stream ARNs of the tables that have a stream, by wiring name."
  value       = local.table_stream_arns
}

output "kinesis_stream_names" {
  description = "Deployed Kinesis stream names, by wiring name."
  value       = local.kinesis_stream_names
}

output "queue_urls" {
  description = "Queue URLs (work queues, dead-letter queues and on-failure destinations), by wiring name."
  value       = local.queue_urls
}

output "function_names" {
  description = "Deployed function names, by wiring name."
  value       = local.function_names
}

output "event_source_mapping_uuids" {
  description = "Event source mapping UUIDs, by wiring name."
  value       = local.event_source_mapping_uuids
}

output "deployment" {
  description = "Everything a client or a test needs to drive this deployment, in one object (`terraform output -json deployment`)."
  value = {
    target               = var.target
    region               = var.region
    endpoint             = var.target == "localstack" ? var.localstack_endpoint : null
    http_api_endpoint    = var.create_http_api ? one(module.http_api[*].api_endpoint) : null
    table_names          = local.table_names
    kinesis_stream_names = local.kinesis_stream_names
    queue_urls           = local.queue_urls
    function_names       = local.function_names
  }

  precondition {
    condition     = length(local.undeployed_groups) == 0
    error_message = "wiring.json uses groups no module instance in main.tf deploys: ${join(", ", local.undeployed_groups)}."
  }
}
