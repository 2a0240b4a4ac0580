output "table_name" {
  description = "Name of the table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the table."
  value       = aws_dynamodb_table.this.arn
}

output "table_stream_arn" {
  description = "ARN of the table's latest stream, or null when the table has no stream."
  value       = var.stream_view_type == null ? null : aws_dynamodb_table.this.stream_arn
}
