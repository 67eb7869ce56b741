"""The exported module's stack: the environment constructs with Terraform variables for the values."""
