"""Text handling before the model: segments, boilerplate, truecasing."""
