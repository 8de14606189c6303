"""The Telegram side: renders what bot/core decides, delivers it reliably."""
