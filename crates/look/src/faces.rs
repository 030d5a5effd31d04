//! Face detection with CenterFace (ONNX, through ONNX Runtime). The model declares a
//! fixed 10×3×32×32 input, so its graph is rewritten before loading: the input gets a
//! symbolic H×W, outputs lose their fixed shapes, and the weights it also lists as graph
//! inputs are removed (otherwise ONNX Runtime will not fold batch norms: 2× slower).

use std::path::Path;

use onnx_protobuf::{Message, ModelProto};
use ort::session::Session;
use ort::value::Tensor;
use serde::{Deserialize, Serialize};

use crate::LookError;

pub const MODEL_FILE: &str = "centerface/centerface.onnx";
const SCORE_THRESHOLD: f32 = 0.5;
const NMS_IOU: f32 = 0.3;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Face {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub score: f32,
    /// Left eye, right eye, nose, left and right mouth corner (x, y).
    pub landmarks: [(f32, f32); 5],
}

impl Face {
    pub fn centre(&self) -> (f32, f32) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    /// The same face in a picture `k` times as large.
    pub fn scaled(&self, k: f32) -> Face {
        let mut f = *self;
        for v in [&mut f.x0, &mut f.y0, &mut f.x1, &mut f.y1] {
            *v *= k;
        }
        for (x, y) in f.landmarks.iter_mut() {
            *x *= k;
            *y *= k;
        }
        f
    }
    pub fn iou(&self, other: &Face) -> f32 {
        let w = (self.x1.min(other.x1) - self.x0.max(other.x0)).max(0.0);
        let h = (self.y1.min(other.y1) - self.y0.max(other.y0)).max(0.0);
        let inter = w * h;
        let area = |f: &Face| (f.x1 - f.x0) * (f.y1 - f.y0);
        inter / (area(self) + area(other) - inter).max(1e-6)
    }
}

pub struct FaceDetector {
    session: Session,
}

impl FaceDetector {
    pub fn load(models_dir: &Path) -> Result<Self, LookError> {
        let path = models_dir.join(MODEL_FILE);
        let model_err = |detail: String| LookError::Model(format!("{}: {detail} (run `reelcut models fetch`)", path.display()));
        let bytes = std::fs::read(&path).map_err(|e| model_err(e.to_string()))?;
        let bytes = with_free_input_size(&bytes).map_err(model_err)?;
        let environment = reelcut_models::runtime::environment(models_dir).map_err(|e| LookError::Model(e.to_string()))?;
        // One thread: on a 2-core machine the other core decodes video (docs: 35 ms/frame).
        let runtime = |e: String| LookError::Model(e);
        let session = Session::builder(environment)
            .map_err(|e| runtime(e.to_string()))?
            .with_intra_threads(1)
            .map_err(|e| runtime(e.to_string()))?
            .with_inter_threads(1)
            .map_err(|e| runtime(e.to_string()))?
            .commit_from_memory(&bytes)
            .map_err(|e| model_err(e.to_string()))?;
        Ok(FaceDetector { session })
    }

    /// Faces in an RGB24 frame of `width`×`height` pixels (any size; padded to
    /// multiples of 32 as the network needs).
    pub fn detect(&mut self, rgb: &[u8], width: usize, height: usize) -> Result<Vec<Face>, LookError> {
        let infer = |e: ort::Error| LookError::Inference(e.to_string());
        let (pw, ph) = (width.div_ceil(32) * 32, height.div_ceil(32) * 32);
        // NCHW, 0–255 floats, zero padding right and bottom (deface's pre-processing).
        let mut input = vec![0.0f32; 3 * ph * pw];
        for y in 0..height {
            for x in 0..width {
                let p = (y * width + x) * 3;
                for c in 0..3 {
                    input[c * ph * pw + y * pw + x] = rgb[p + c] as f32;
                }
            }
        }
        let tensor = Tensor::from_array(([1usize, 3, ph, pw], input)).map_err(infer)?;
        let outputs = self.session.run(ort::inputs![tensor]).map_err(infer)?;
        let (shape, heatmap) = outputs[0].try_extract_tensor::<f32>().map_err(infer)?;
        let (gh, gw) = (shape[2] as usize, shape[3] as usize);
        let (_, scale) = outputs[1].try_extract_tensor::<f32>().map_err(infer)?;
        let (_, offset) = outputs[2].try_extract_tensor::<f32>().map_err(infer)?;
        let (_, marks) = outputs[3].try_extract_tensor::<f32>().map_err(infer)?;
        let plane = gh * gw;
        let mut faces = Vec::new();
        for row in 0..gh {
            for col in 0..gw {
                let i = row * gw + col;
                let score = heatmap[i];
                if score <= SCORE_THRESHOLD {
                    continue;
                }
                let s0 = scale[i].exp() * 4.0;
                let s1 = scale[plane + i].exp() * 4.0;
                let (o0, o1) = (offset[i], offset[plane + i]);
                let x0 = ((col as f32 + o1 + 0.5) * 4.0 - s1 / 2.0).clamp(0.0, width as f32);
                let y0 = ((row as f32 + o0 + 0.5) * 4.0 - s0 / 2.0).clamp(0.0, height as f32);
                let mut landmarks = [(0.0, 0.0); 5];
                for (j, mark) in landmarks.iter_mut().enumerate() {
                    *mark = (marks[(2 * j + 1) * plane + i] * s1 + x0, marks[2 * j * plane + i] * s0 + y0);
                }
                faces.push(Face {
                    x0,
                    y0,
                    x1: (x0 + s1).min(width as f32),
                    y1: (y0 + s0).min(height as f32),
                    score,
                    landmarks,
                });
            }
        }
        Ok(non_maximum_suppression(faces))
    }
}

fn non_maximum_suppression(mut faces: Vec<Face>) -> Vec<Face> {
    faces.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<Face> = Vec::new();
    for f in faces {
        if kept.iter().all(|k| k.iou(&f) <= NMS_IOU) {
            kept.push(f);
        }
    }
    kept
}

/// The model with input `N×3×H×W` (symbolic), shape-free outputs, and no weights
/// listed among the graph inputs.
fn with_free_input_size(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use onnx_protobuf::tensor_shape_proto::dimension::Value;
    let mut model = ModelProto::parse_from_bytes(bytes).map_err(|e| format!("not an ONNX model: {e}"))?;
    let graph = model.graph.as_mut().ok_or("the model has no graph")?;
    let weights: std::collections::HashSet<String> = graph.initializer.iter().map(|t| t.name.clone()).collect();
    graph.input.retain(|i| !weights.contains(&i.name));
    let input = graph.input.first_mut().ok_or("the model has no input")?;
    let shape = input
        .type_
        .as_mut()
        .and_then(|t| t.mut_tensor_type().shape.as_mut())
        .ok_or("the input has no shape")?;
    if shape.dim.len() != 4 {
        return Err(format!("expected a 4-d input, found {} dims", shape.dim.len()));
    }
    for (dim, name) in shape.dim.iter_mut().zip(["N", "C", "H", "W"]) {
        if name != "C" {
            dim.value = Some(Value::DimParam(name.to_string()));
        }
    }
    for output in &mut graph.output {
        if let Some(t) = output.type_.as_mut() {
            t.mut_tensor_type().shape.clear();
        }
    }
    model.write_to_bytes().map_err(|e| e.to_string())
}
