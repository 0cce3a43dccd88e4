from . import dms_demo_loader
