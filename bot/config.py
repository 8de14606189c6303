"""Settings, read once from the environment in the composition root and passed down.

Nothing below this module reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.handoff import DEFAULT_HOURS, Hours, HoursError, parse_hours


class SettingsError(Exception):
    """Configuration is missing or malformed; the message is one readable line per problem."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    telegram_api_url: str = Field(default="https://api.telegram.org", alias="TELEGRAM_API_URL")
    database_url: str = Field(default="sqlite+aiosqlite:///data/bot.db", alias="DATABASE_URL")
    content_dir: Path = Field(default=Path("content"), alias="CONTENT_DIR")
    operator_ids: Annotated[frozenset[int], NoDecode] = Field(default=frozenset(), alias="OPERATOR_IDS")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")
    host: str = Field(default="0.0.0.0", alias="HOST")
    port: int = Field(default=8081, ge=1, le=65535, alias="PORT")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")
    # Outgoing messages per second for all replicas together: Telegram allows about 30 per bot
    # (up to 1000 with paid broadcasts); the soak raises it to find the bot's own ceiling.
    telegram_global_rate: float = Field(default=30.0, gt=0, le=1000, alias="TELEGRAM_GLOBAL_RATE")
    # The language of the operators' analytics report (``stats``, the sandbox's panel).
    report_lang: Literal["kk", "ru", "en"] = Field(default="en", alias="REPORT_LANG")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        default="INFO", alias="LOG_LEVEL"
    )
    # Privacy: the key of the HMAC that turns Telegram ids into pseudonyms, and how long questions live.
    user_hash_secret: SecretStr = Field(default=SecretStr("change-me-in-production"), alias="USER_HASH_SECRET")
    retention_days: int = Field(default=180, ge=1, le=3650, alias="RETENTION_DAYS")
    # TSA pre-check: the monthly subsistence minimum (tenge) and the year it is for.
    subsistence_minimum: int = Field(default=43407, ge=1000, alias="SUBSISTENCE_MINIMUM")
    subsistence_minimum_year: int = Field(default=2024, ge=2000, le=2100, alias="SUBSISTENCE_MINIMUM_YEAR")
    # WhatsApp Cloud API: the token enables the channel (served by `run --webhook` at /whatsapp).
    whatsapp_token: SecretStr | None = Field(default=None, alias="WHATSAPP_TOKEN")
    whatsapp_phone_number_id: str | None = Field(default=None, alias="WHATSAPP_PHONE_NUMBER_ID")
    whatsapp_app_secret: SecretStr | None = Field(default=None, alias="WHATSAPP_APP_SECRET")
    whatsapp_verify_token: SecretStr | None = Field(default=None, alias="WHATSAPP_VERIFY_TOKEN")
    whatsapp_api_url: str = Field(default="https://graph.facebook.com/v21.0", alias="WHATSAPP_API_URL")
    # Human handoff ("ask a lawyer"): the operators' forum supergroup; without it, no handoff.
    operators_chat_id: int | None = Field(default=None, alias="OPERATORS_CHAT_ID")
    handoff_hours: str = Field(default=DEFAULT_HOURS, alias="HANDOFF_HOURS")  # Asia/Almaty
    # Service level: an operator's first reply within this many working hours (else overdue).
    handoff_sla_hours: float = Field(default=4.0, gt=0, le=720, alias="HANDOFF_SLA_HOURS")
    # A case nobody answered for this many hours (wall time) expires; the citizen is told, with 119.
    handoff_expire_hours: float = Field(default=72.0, gt=0, le=8760, alias="HANDOFF_EXPIRE_HOURS")
    # Messages a minute into the operators' group (Telegram allows a bot about 20).
    handoff_group_rate: float = Field(default=20.0, gt=0, le=600, alias="HANDOFF_GROUP_RATE")

    @field_validator("handoff_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        try:
            parse_hours(value)
        except HoursError as exc:
            raise ValueError(str(exc)) from None
        return value

    @property
    def hours(self) -> Hours:
        """HANDOFF_HOURS, parsed (validated when the settings were read)."""
        return parse_hours(self.handoff_hours)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("operator_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("must be comma-separated numeric Telegram user ids") from None
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("telegram_api_url", "webhook_url", "whatsapp_api_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must be sqlite+aiosqlite:///PATH or postgresql+asyncpg://USER:PASS@HOST/DB")
        return value

    @property
    def token(self) -> str:
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise SettingsError("BOT_TOKEN: required for `run` (get one from @BotFather)")
        return self.bot_token.get_secret_value().strip()

    @property
    def whatsapp_enabled(self) -> bool:
        return self.whatsapp_token is not None and bool(self.whatsapp_token.get_secret_value().strip())

    def check_whatsapp(self) -> None:
        """With WHATSAPP_TOKEN set, the other WhatsApp variables are required (one line naming them)."""
        values = {
            "WHATSAPP_PHONE_NUMBER_ID": self.whatsapp_phone_number_id,
            "WHATSAPP_APP_SECRET": self.whatsapp_app_secret and self.whatsapp_app_secret.get_secret_value(),
            "WHATSAPP_VERIFY_TOKEN": self.whatsapp_verify_token and self.whatsapp_verify_token.get_secret_value(),
        }
        missing = [name for name, value in values.items() if not (value or "").strip()]
        if missing:
            raise SettingsError(f"{', '.join(missing)}: required with WHATSAPP_TOKEN")


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's errors into one line per variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "settings"
            field = Settings.model_fields.get(name)
            env = field.alias if field is not None and field.alias else name.upper()
            lines.append(f"{env}: {err['msg']} (got {err.get('input')!r})")
        raise SettingsError("; ".join(lines)) from None
