"""The WhatsApp Cloud API channel: the same answers as Telegram, rendered for WhatsApp.

``webhook``: the aiohttp view at /whatsapp (subscription check, X-Hub-Signature-256, 200 at once,
the answer after); ``inbound``: what a webhook payload holds; ``conversation``: what each message
or button reply does (the engine, menus, the TSA pre-check, forget me); ``render``: replies and
choices as WhatsApp text and interactive messages within Meta's limits; ``client``: the Graph API
calls, retried and paced; ``texts``: the strings only this channel needs.
"""
