"""Use cases: fn(ctx, inputs, progress, cancel) -> result. Front ends call these and nothing below."""
