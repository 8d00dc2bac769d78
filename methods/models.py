"""The three methods: question sets (the ten guiding questions), workshops, learning
questions, inquiry cycles, learning logs and learning patterns."""
