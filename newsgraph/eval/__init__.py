"""newsgraph.eval"""
