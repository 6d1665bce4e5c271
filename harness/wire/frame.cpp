// placeholder: implemented by the wire issue
