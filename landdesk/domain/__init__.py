"""Pure-Python domain: value types, rules, text folding. Imports only the standard library."""
