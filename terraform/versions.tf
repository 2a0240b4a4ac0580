terraform {
  # strcontains() and check blocks need 1.5.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The last 5.x line; LocalStack and floci both test against it.
      version = "~> 5.100"
    }
  }
}
