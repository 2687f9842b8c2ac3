'use client';

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

type Toast = { id: number; message: string; tone: 'info' | 'error'; action?: { label: string; onClick: () => void } };
type ShowToast = (toast: Omit<Toast, 'id'>) => void;

const ToastContext = createContext<ShowToast>(() => {});

/** Toasts for outcomes that are not tied to one field: server errors, bulk results, undo. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<ShowToast>(
    (toast) => {
      const id = Date.now() + Math.random();
      setToasts((all) => [...all.slice(-2), { ...toast, id }]);
      // Long enough to read and reach the Undo button; errors stay until dismissed.
      if (toast.tone !== 'error') setTimeout(() => dismiss(id), 10_000);
    },
    [dismiss],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div role="status" aria-live="polite" className="fixed inset-x-2 bottom-2 z-50 flex flex-col items-end gap-2 sm:inset-x-auto sm:right-4 sm:bottom-4" data-testid="toasts">
        {toasts.map((toast) => (
          <div key={toast.id} className={`flex max-w-md items-center gap-3 rounded-lg px-4 py-3 text-sm text-white shadow-lg ${toast.tone === 'error' ? 'bg-red-800' : 'bg-slate-900'}`}>
            <span className="grow">{toast.message}</span>
            {toast.action ? (
              <button
                type="button"
                className="min-h-8 rounded px-2 font-semibold underline"
                onClick={() => {
                  toast.action?.onClick();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
            <button type="button" aria-label="Dismiss" className="min-h-8 min-w-8 rounded" onClick={() => dismiss(toast.id)}>
              ✕
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  return useContext(ToastContext);
}
