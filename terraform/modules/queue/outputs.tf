output "queue_name" {
  description = "Name of the queue."
  value       = aws_sqs_queue.this.name
}

output "queue_arn" {
  description = "ARN of the queue."
  value       = aws_sqs_queue.this.arn
}

output "queue_url" {
  description = "URL of the queue."
  value       = aws_sqs_queue.this.url
}

output "queue_visibility_timeout_seconds" {
  description = "Effective visibility timeout of the queue (the SQS default when none was given)."
  value       = aws_sqs_queue.this.visibility_timeout_seconds
}
