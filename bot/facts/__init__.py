"""Facts that change (minimum wages, hotlines), read from dated, sourced files in
`facts/`. Answers always use what is in force on the day of the question."""
