from innopartner.core.admin import register_read_only

from .models import ConsensusScore, LotDrawing, Score

register_read_only(Score, ConsensusScore, LotDrawing)
