"""A faster copy of the English model for this machine: integer matrix products.

The packaged all-MiniLM-L6-v2 stores its weights as int8 but turns them back into floats
when it loads, so every matrix product runs in float32 (~15 ms for a 64-token passage on
one core here). ONNX Runtime's dynamic quantisation rewrites those products as
integer ones (MatMulInteger: weights int8 per output channel, each run's activations
quantised on the fly), which CPUs with AVX2/AVX-512 VNNI compute about twice as fast; the
vectors agree with the packaged model's to a cosine of ~0.99 and score the same on the
independent sets (bench/RESULTS.md).

The copy is made once per machine (a few seconds) into SEARCH_MODEL_CACHE_DIR, named by
the source file's hash and the ONNX Runtime version, and written under a temporary name
then renamed, so processes starting together never read half a file. When it cannot be
made (no ``onnx`` package, a read-only directory, a model the quantiser does not know),
the packaged file is used as before: slower, never wrong.
"""

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

RECIPE = "q8-per-channel-1"  # bump when the conversion below changes


def fast_model_file(source):
    """The integer copy of the ONNX file `source`, made if needed; `source` itself when
    quantising is off or fails."""
    source = Path(source)
    if not getattr(settings, "SEARCH_EMBEDDING_QUANTIZE", True):
        return source
    try:
        import onnxruntime

        name = f"{source.stem}-{_digest(source)}-ort{onnxruntime.__version__}-{RECIPE}.onnx"
        target = cache_dir() / name
        if not target.exists():
            _quantize(source, target)
        return target
    except Exception:  # any failure leaves the packaged model in use
        logger.warning("semantic search: using the packaged model as it is (slower): "
                       "its integer copy could not be made", exc_info=True)
        return source


def cache_dir():
    return Path(getattr(settings, "SEARCH_MODEL_CACHE_DIR", "") or
                Path(tempfile.gettempdir()) / "beacon-models")


def _digest(path):
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:16]


def _quantize(source, target):
    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        folded = Path(work) / "folded.onnx"
        # Fold the stored int8 -> float conversion of each weight into a constant first,
        # so the quantiser sees plain weight matrices.
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        partial = Path(work) / "quantized.onnx"
        advice = _DropAdvice()  # the quantiser logs a tip on the root logger every time
        logging.getLogger().addFilter(advice)
        try:
            quantize_dynamic(str(folded), str(partial), weight_type=QuantType.QInt8,
                             per_channel=True, extra_options={"MatMulConstBOnly": True})
        finally:
            logging.getLogger().removeFilter(advice)
        os.replace(partial, target)
    logger.info("semantic search: integer copy of %s written to %s", source.name, target)


class _DropAdvice(logging.Filter):
    """Drops onnxruntime's "consider pre-processing" tip (meant for image models; this
    graph is already optimised by the step before)."""

    def filter(self, record):
        return "pre-processing before quantization" not in record.getMessage()
