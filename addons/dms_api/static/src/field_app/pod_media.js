/**
 * The camera and the signature on the phone: a photo made small in the browser (canvas, JPEG,
 * at most 1280 px, quality 0.6) before it waits in the outbox, and a signature drawn with a finger
 * on a canvas, kept as a PNG.
 */

import { dataUrlContent, fitWithin } from "./driver";

export const PHOTO_MAX = 1280;
export const PHOTO_QUALITY = 0.6;

/**
 * A picture file (from the camera) as a compressed JPEG: ``{data (base64), width, height}``.
 *
 * @param {Blob} file
 */
export async function compressPhoto(file, max = PHOTO_MAX, quality = PHOTO_QUALITY) {
    const bitmap = await createImageBitmap(file);
    const size = fitWithin(bitmap.width, bitmap.height, max);
    const canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // a transparent PNG would turn black in a JPEG
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    bitmap.close?.();
    return { data: dataUrlContent(canvas.toDataURL("image/jpeg", quality)), ...size };
}

/**
 * Finger (or mouse) drawing on ``canvas``; ``onChange(hasInk)`` after each stroke.
 * Returns ``{clear(), toPng(), destroy()}``.
 *
 * @param {HTMLCanvasElement} canvas
 * @param {(hasInk: boolean) => void} onChange
 */
export function signaturePad(canvas, onChange = () => {}) {
    const ratio = window.devicePixelRatio || 1;
    const rect = canvas.getBoundingClientRect();
    canvas.width = Math.round(rect.width * ratio);
    canvas.height = Math.round(rect.height * ratio);
    const context = canvas.getContext("2d");
    context.scale(ratio, ratio);
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#10233a";
    let drawing = false;
    let hasInk = false;
    const point = (event) => {
        const r = canvas.getBoundingClientRect();
        return [event.clientX - r.left, event.clientY - r.top];
    };
    const down = (event) => {
        event.preventDefault();
        drawing = true;
        canvas.setPointerCapture?.(event.pointerId);
        context.beginPath();
        context.moveTo(...point(event));
        context.lineTo(...point(event));
        context.stroke();
    };
    const move = (event) => {
        if (drawing) {
            event.preventDefault();
            context.lineTo(...point(event));
            context.stroke();
            hasInk = true;
        }
    };
    const up = () => {
        if (drawing) {
            drawing = false;
            onChange(hasInk);
        }
    };
    canvas.addEventListener("pointerdown", down);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", up);
    canvas.addEventListener("pointercancel", up);
    return {
        clear() {
            context.clearRect(0, 0, canvas.width, canvas.height);
            hasInk = false;
            onChange(false);
        },
        toPng() {
            return hasInk ? dataUrlContent(canvas.toDataURL("image/png")) : null;
        },
        destroy() {
            canvas.removeEventListener("pointerdown", down);
            canvas.removeEventListener("pointermove", move);
            canvas.removeEventListener("pointerup", up);
            canvas.removeEventListener("pointercancel", up);
        },
    };
}
