from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('centres', '0003_student'),
    ]

    operations = [
        migrations.AddField(
            model_name='membership',
            name='last_used_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='dernière utilisation'),
        ),
    ]
