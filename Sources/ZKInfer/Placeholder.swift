// Placeholder: this module's API lands with its issue.
enum ZKInferPlaceholder {}
