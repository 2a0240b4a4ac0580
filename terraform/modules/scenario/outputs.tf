output "table_names" {
  description = "Names of the group's tables, by wiring name."
  value       = { for name, table in module.tables : name => table.table_name }
}

output "table_arns" {
  description = "ARNs of the group's tables, by wiring name."
  value       = { for name, table in module.tables : name => table.table_arn }
}

output "table_stream_arns" {
  description = "Stream ARNs of the group's tables that have a stream, by wiring name."
  value       = { for name, table in module.tables : name => table.table_stream_arn if table.table_stream_arn != null }
}

output "kinesis_stream_names" {
  description = "Names of the group's Kinesis streams, by wiring name."
  value       = { for name, stream in module.kinesis_streams : name => stream.stream_name }
}

output "kinesis_stream_arns" {
  description = "ARNs of the group's Kinesis streams, by wiring name."
  value       = { for name, stream in module.kinesis_streams : name => stream.stream_arn }
}

output "queue_names" {
  description = "Names of the group's queues, by wiring name."
  value       = { for name, queue in local.queue_refs : name => queue.name }
}

output "queue_arns" {
  description = "ARNs of the group's queues, by wiring name."
  value       = { for name, queue in local.queue_refs : name => queue.arn }
}

output "queue_urls" {
  description = "URLs of the group's queues, by wiring name."
  value       = { for name, queue in local.queue_refs : name => queue.url }
}

output "function_names" {
  description = "Names of the group's functions, by wiring name."
  value       = { for name, function in module.functions : name => function.function_name }
}

output "function_arns" {
  description = "ARNs of the group's functions, by wiring name."
  value       = { for name, function in module.functions : name => function.function_arn }
}

output "function_invoke_arns" {
  description = "Invoke ARNs (for API Gateway) of the group's functions, by wiring name."
  value       = { for name, function in module.functions : name => function.function_invoke_arn }
}

output "function_role_arns" {
  description = "Execution role ARNs of the group's functions, by wiring name."
  value       = { for name, function in module.functions : name => function.role_arn }
}

output "function_log_group_names" {
  description = "Log groups of the group's functions, by wiring name."
  value       = { for name, function in module.functions : name => function.log_group_name }
}

output "event_source_mapping_uuids" {
  description = "UUIDs of the group's event source mappings, by wiring name."
  value       = { for name, mapping in module.mappings : name => mapping.event_source_mapping_uuid }
}
