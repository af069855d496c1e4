"""Classification: input labels to the groups each standard compares (ethnicity; disability)."""
