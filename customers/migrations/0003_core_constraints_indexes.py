# Customers-core: owner-change index, status-pin and unique name per owner constraints.

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0002_default_policies'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='customerownerchange',
            options={'ordering': ['-changed_at', '-id'], 'verbose_name': 'owner change', 'verbose_name_plural': 'owner changes'},
        ),
        migrations.AlterModelOptions(
            name='customertierchange',
            options={'ordering': ['-changed_at', '-id'], 'verbose_name': 'tier or status change', 'verbose_name_plural': 'tier and status changes'},
        ),
        migrations.AddIndex(
            model_name='customerownerchange',
            index=models.Index(fields=['customer', 'changed_at'], name='ownerchange_customer'),
        ),
        migrations.AddConstraint(
            model_name='customer',
            constraint=models.CheckConstraint(condition=models.Q(('status_pinned', False), models.Q(('status', 'lost'), models.Q(('status_reason', ''), _negated=True)), _connector='OR'), name='customer_status_pin_is_lost_with_reason'),
        ),
        migrations.AddConstraint(
            model_name='customer',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), models.F('owner'), name='customer_unique_name_per_owner', violation_error_message='This owner already has a customer with this name.'),
        ),
    ]
