"""SMS text engineering: encoding and segments, pages, clean output, cost."""
