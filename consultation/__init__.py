"""Members' questions, staff answers and the public FAQ."""
