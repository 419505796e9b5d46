"""English dates as the ministry writes them (25 November 2023, 25 Nov 2023), not Django's
American defaults. Templates name the formats (``date:"SHORT_DATE_FORMAT"``), so Japanese
pages get Django's Japanese ones (2023年11月25日, 2023/11/25)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
