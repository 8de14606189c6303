"""Channels: how citizens reach the engine (Telegram; WhatsApp next). Each depends on the core and its ports only."""
