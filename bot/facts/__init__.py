"""Facts that change (minimum wages, hotlines), read from dated, sourced files in
`flows/facts/`. Answers always use what is in force on the day of the question."""
