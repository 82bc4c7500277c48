"""The API's endpoints, one module per domain; each class is one action or one read."""
