from innopartner.core.admin import register_read_only

from .models import ConsensusScore, Score

register_read_only(Score, ConsensusScore)
