"""Team work over one project: measures that compare several annotators' spans."""
