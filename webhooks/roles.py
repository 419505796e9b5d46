"""The permissions the webhook doors ask (managers hold them: ``meetings.roles``'
``OTHER_APP_PERMISSIONS``, granted by migration 0002)."""

CAN_VIEW_WEBHOOKS = "webhooks.view_webhook"
CAN_ADD_WEBHOOKS = "webhooks.add_webhook"
CAN_CHANGE_WEBHOOKS = "webhooks.change_webhook"
CAN_DELETE_WEBHOOKS = "webhooks.delete_webhook"
