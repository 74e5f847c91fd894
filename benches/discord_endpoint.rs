//! Placeholder: the HTTP endpoint benchmark lands with the endpoint.
fn main() {}
