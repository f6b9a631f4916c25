"""newsgraph.web"""
