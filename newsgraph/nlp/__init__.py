"""newsgraph.nlp"""
