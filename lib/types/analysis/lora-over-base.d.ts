/**
 * A base (or merged) model's weights loaded strictly into a model whose layers carry LoRA adapters: torch
 * lists every LoRA factor as missing and nothing else, since the state dict holds every weight the layers
 * had before they were wrapped, and no adapter. That is how a LoRA fine-tune starts (fish-speech#193, "Lora
 * training": the base checkpoint into the LoRA-wrapped LLaMA; LLaVA#420: the pretrained projector into a
 * LoRA-wrapped `mm_projector`). The factors keep their initialisation, where `lora_B` is zero, so each
 * wrapped layer computes exactly the weight that loaded until the adapter is trained: keeping them missing
 * loads every trained tensor and changes nothing the model computes.
 *
 * Not PEFT's own adapter loader (`Found missing adapter keys while loading the checkpoint`, from
 * `PeftModel.from_pretrained` / `load_adapter`): there the file loaded IS the adapter, and its factors
 * missing mean the fine-tune did not load (error-hints.ts adapter_not_loaded). Only LoRA's factors: DoRA
 * magnitudes, IA3 vectors and `modules_to_save` copies have other initialisations.
 *
 * Backing: Hu et al. 2021, "LoRA" §4.1 ("zero for B, so ΔW = BA is zero at the beginning of training");
 * peft tuners/lora/layer.py LoraLayer.reset_lora_parameters (`nn.init.zeros_(self.lora_B[adapter_name].weight)`);
 * microsoft/LoRA loralib layers.py (`nn.init.zeros_(self.lora_B)`), which fish-speech's LoRA follows.
 *
 * Pure: no I/O.
 */
import type { ErrorReport } from '../formats/error-text.js';
export declare const LORA_OVER_BASE_REASON = "a LoRA factor of an adapter the model was built with, which a base (or merged) model's state dict cannot hold: it keeps its initialisation, where lora_B is zero, so the wrapped layer computes exactly the weight that loaded until the adapter is trained";
/**
 * The missing LoRA factors of a torch strict load that lists nothing else (no key unexpected, no size
 * line, no list whose side the paste cut), or none. A cut missing list is read as more of the same:
 * torch lists missing keys in the model's order, where a base weight missing would stand beside its factors.
 */
export declare function loraOverBase(report: ErrorReport): string[];
