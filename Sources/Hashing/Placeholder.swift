// Placeholder: SHA-256 lands with the ledger work.
enum HashingPlaceholder {}
