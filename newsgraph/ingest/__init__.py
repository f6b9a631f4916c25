"""Readers: turn files, JSONL lines, feeds and archives into Article records."""
