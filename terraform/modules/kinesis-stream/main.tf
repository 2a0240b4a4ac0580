# One Kinesis data stream in provisioned mode, encrypted with the AWS managed key (aws/kinesis), for
# which consumers need no KMS permission of their own.

resource "aws_kinesis_stream" "this" {
  name             = var.name
  shard_count      = var.shard_count
  retention_period = var.retention_hours

  stream_mode_details {
    stream_mode = "PROVISIONED"
  }

  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis"

  tags = var.tags
}
